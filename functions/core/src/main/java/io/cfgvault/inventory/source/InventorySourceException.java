package io.cfgvault.inventory.source;

/** An inventory source could not be read as a whole; the message says why in one line, without secrets. */
public final class InventorySourceException extends RuntimeException {
    public InventorySourceException(String message) {
        super(message);
    }

    public InventorySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
