package io.cfgvault.local.cmdb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.metadata.Datasets;
import io.cfgvault.metadata.SavedQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** README documents every dataset field with its type, and every saved query, as the code defines them. */
class ReadmeDatasetsTest {
    @Test
    void readmeDocumentsEveryFieldWithItsTypeAndEverySavedQuery() throws Exception {
        Path readme = Path.of("").toAbsolutePath();
        while (!Files.exists(readme.resolve("README.md")) || !Files.exists(readme.resolve("functions"))) {
            readme = readme.getParent();
        }
        String text = Files.readString(readme.resolve("README.md"));
        var missing = new ArrayList<String>();
        for (Datasets.Dataset d : Datasets.defined().datasets()) {
            for (Datasets.Field f : d.fields()) {
                if (!text.contains("| `" + f.name() + "` | `" + f.type() + "` |")) {
                    missing.add(d.name() + "." + f.name() + " " + f.type());
                }
            }
        }
        for (SavedQueries.Query q : SavedQueries.all()) {
            if (!text.contains("| `" + q.name() + "` |")) {
                missing.add("saved query " + q.name());
            }
        }
        assertTrue(missing.isEmpty(), "README lacks: " + missing);
    }
}
