package io.cfgvault.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Errors;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * S3Proxy's filesystem store, kept inside the data directory: an object whose path passes through a symbolic
 * link reads as absent and cannot be written (403), so a link planted in {@code DATA_DIR/s3} can neither serve
 * a file from elsewhere nor receive a copy. Write failures (a full disk) answer with their cause instead of
 * S3Proxy's bare "internal error".
 */
final class ContainedBlobStore extends ForwardingBlobStore {
    private final Path base;

    ContainedBlobStore(BlobStore delegate, Path base) {
        super(delegate);
        this.base = base.toAbsolutePath().normalize();
    }

    /** True when {@code container/name} resolves through a symlink or outside the base directory. */
    boolean escapes(String container, String name) {
        Path target = base.resolve(container).resolve(name).normalize();
        if (!target.startsWith(base)) {
            return true;
        }
        Path current = base;
        for (Path part : base.relativize(target)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                return true;
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return false;
    }

    private void refuseWrite(String container, String name) {
        if (escapes(container, name)) {
            throw S3Errors.error("ACCESS_DENIED", "cfgvault will not write " + container + "/" + name
                    + ": its path in the data directory passes through a symbolic link", null);
        }
    }

    @Override
    public Blob getBlob(String container, String name) {
        return escapes(container, name) ? null : super.getBlob(container, name);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        return escapes(container, name) ? null : super.getBlob(container, name, options);
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
        return escapes(container, name) ? null : super.blobMetadata(container, name);
    }

    @Override
    public boolean blobExists(String container, String name) {
        return !escapes(container, name) && super.blobExists(container, name);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return putBlob(container, blob, PutOptions.NONE);
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        String name = blob.getMetadata().getName();
        refuseWrite(container, name);
        try {
            return super.putBlob(container, blob, options);
        } catch (RuntimeException e) {
            throw storageFailure(container + "/" + name, e);
        }
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions options) {
        if (escapes(fromContainer, fromName)) {
            throw S3Errors.error("NO_SUCH_KEY", "no object " + fromContainer + "/" + fromName, null);
        }
        refuseWrite(toContainer, toName);
        try {
            return super.copyBlob(fromContainer, fromName, toContainer, toName, options);
        } catch (RuntimeException e) {
            throw storageFailure(toContainer + "/" + toName, e);
        }
    }

    @Override
    public void removeBlob(String container, String name) {
        refuseWrite(container, name);
        super.removeBlob(container, name);
    }

    /** The filesystem's own reason (for example "No space left on device") as the S3 error message. */
    private static RuntimeException storageFailure(String what, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs) {
                return S3Errors.error("INTERNAL_ERROR", "writing " + what + " to the local data directory failed: "
                        + (fs.getReason() != null ? fs.getReason() : fs.toString()), e);
            }
            if (t instanceof IOException io && !(t instanceof UncheckedIOException)) {
                return S3Errors.error("INTERNAL_ERROR", "writing " + what + " to the local data directory failed: "
                        + io.getMessage(), e);
            }
        }
        return e;
    }
}
