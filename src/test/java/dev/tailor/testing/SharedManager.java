package dev.tailor.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class's static {@code NDManager} field: it is opened before the class's first test
 * and closed after its last, so every test of the class shares one engine manager.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedManagerExtension.class)
public @interface SharedManager {
}
