package dev.tailor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation with its output and errors captured through picocli's writers. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TailorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Output and errors together, for assertion messages. */
    public String all() {
        return out + err;
    }
}
