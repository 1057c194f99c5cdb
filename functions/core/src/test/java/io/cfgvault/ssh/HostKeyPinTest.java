package io.cfgvault.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.HostKeyRepository;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostKeyPinTest {
    /** Generated with ssh-keygen; its fingerprint as `ssh-keygen -lf` prints it. */
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII0hNo5bXbUJ0qRRxFgLy9TunRVW4CXyXLfJTWH7zeJw";
    static final String FINGERPRINT = "SHA256:hc3x8l0db0yCKacbLjHLXNiWGGJ3QB7olTzLrzQSsTc";

    @Test
    void fingerprintMatchesOpenSsh() {
        assertEquals(FINGERPRINT, HostKeyPin.fingerprint(KEY));
        assertEquals(FINGERPRINT, HostKeyPin.fingerprint(KEY + " comment"));
        assertEquals("ssh-ed25519", HostKeyPin.typeOf(blob()));
    }

    @Test
    void firstContactAcceptsAndRemembersThePresentedKey() {
        HostKeyPin pin = new HostKeyPin(Optional.empty());
        assertEquals(HostKeyRepository.OK, pin.check("[10.0.0.1]:22", blob()));
        assertEquals(Optional.of(KEY), pin.presented());
        assertFalse(pin.changed());
    }

    @Test
    void pinnedKeyAcceptsItselfAndRejectsAnyOther() {
        HostKeyPin pin = new HostKeyPin(Optional.of(KEY));
        assertEquals(HostKeyRepository.OK, pin.check("h", blob()));
        byte[] other = blob();
        other[other.length - 1] ^= 1;
        HostKeyPin pin2 = new HostKeyPin(Optional.of(KEY));
        assertEquals(HostKeyRepository.CHANGED, pin2.check("h", other));
        assertTrue(pin2.changed());
        assertEquals(1, pin.getHostKey("h", null).length, "pinned type is offered first in the key exchange");
    }

    private static byte[] blob() {
        return Base64.getDecoder().decode(KEY.split(" ")[1]);
    }
}
