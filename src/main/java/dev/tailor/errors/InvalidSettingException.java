package dev.tailor.errors;

/**
 * A setting's value is wrong. The setting is named as in the options records ({@code epochs},
 * {@code part}); the CLI shows it as the flag the user typed ({@code --epochs}) when the command
 * has that flag, so the layers below the CLI never need to know its flags.
 */
public class InvalidSettingException extends InvalidInputException {
    private final String setting;

    /** @param problem what is wrong, to follow the setting's name: "must be positive, got 0" */
    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    /** The same problem under another setting's name (a phase's own: {@code teacher-lr} for a teacher's {@code lr}). */
    public InvalidSettingException as(String otherSetting) {
        return new InvalidSettingException(otherSetting, getMessage().substring(setting.length() + 1));
    }
}
