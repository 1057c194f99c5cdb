package io.cfgvault.jobs;

/** What started a job. */
public enum Trigger { SCHEDULE, API, CLI }
