package io.cfgvault.ssh;

import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;

/** Answers password, passphrase and keyboard-interactive prompts once each, so a wrong password is not retried. */
final class PasswordAnswers implements UserInfo, UIKeyboardInteractive {
    private final String password;
    private final String passphrase;
    private int passwordPrompts;
    private int interactivePrompts;

    PasswordAnswers(String password, String passphrase) {
        this.password = password;
        this.passphrase = passphrase;
    }

    @Override
    public String getPassphrase() {
        return passphrase;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public synchronized boolean promptPassword(String message) {
        return password != null && passwordPrompts++ == 0;
    }

    @Override
    public boolean promptPassphrase(String message) {
        return passphrase != null;
    }

    @Override
    public boolean promptYesNo(String message) {
        return false;
    }

    @Override
    public void showMessage(String message) {
        // SSH banners are ignored: they are device text and never logged
    }

    @Override
    public synchronized String[] promptKeyboardInteractive(String destination, String name, String instruction,
                                                           String[] prompt, boolean[] echo) {
        if (password == null || interactivePrompts++ > 0) {
            return null;
        }
        String[] answers = new String[prompt.length];
        for (int i = 0; i < prompt.length; i++) {
            answers[i] = echo[i] ? "" : password;
        }
        return answers;
    }
}
