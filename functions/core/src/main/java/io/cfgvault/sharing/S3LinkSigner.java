package io.cfgvault.sharing;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned GETs with the caller's (the function's) credentials; the link stops working when it expires. */
public final class S3LinkSigner implements LinkSigner {
    private final S3Presigner presigner;
    private final String bucket;

    public S3LinkSigner(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI link(String key, Duration expiry) {
        var request = presigner.presignGetObject(b -> b.signatureDuration(expiry).getObjectRequest(g -> g.bucket(bucket).key(key)));
        return URI.create(request.url().toString());
    }
}
