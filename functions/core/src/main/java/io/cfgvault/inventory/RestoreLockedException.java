package io.cfgvault.inventory;

/** Another restore holds a device's restore lock; names who and which job, so a caller can answer 409 with it. */
public final class RestoreLockedException extends IllegalStateException {
    private final String device;
    private final String actor;
    private final String job;

    public RestoreLockedException(String device, String actor, String job, String since) {
        super("device '" + device + "' is being restored by " + actor + " since " + since + "; try again when it has finished");
        this.device = device;
        this.actor = actor;
        this.job = job;
    }

    public String device() {
        return device;
    }

    public String actor() {
        return actor;
    }

    /** The restore job holding the lock, or null for a CLI restore. */
    public String job() {
        return job;
    }
}
