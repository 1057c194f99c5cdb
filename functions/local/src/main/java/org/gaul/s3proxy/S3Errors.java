package org.gaul.s3proxy;

/**
 * Lets cfgvault's blob-store wrapper answer with an S3 error code and its own message, which S3Proxy puts in
 * the error's {@code <Message>}; S3Proxy keeps its exception's constructors package-private.
 */
public final class S3Errors {
    private S3Errors() {}

    /** Throws (unchecked, though S3Exception is checked) an S3 error that S3Proxy renders with this message. */
    public static RuntimeException error(String code, String message, Throwable cause) {
        throw S3Errors.<RuntimeException>sneaky(new S3Exception(S3ErrorCode.valueOf(code), message, cause));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
