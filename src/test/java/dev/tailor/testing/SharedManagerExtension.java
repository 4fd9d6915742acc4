package dev.tailor.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/** Opens and closes the {@link SharedManager} fields of a test class. */
public final class SharedManagerExtension implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        for (Field f : fields(context)) {
            f.set(null, NDManager.newBaseManager());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IllegalAccessException {
        for (Field f : fields(context)) {
            NDManager m = (NDManager) f.get(null);
            if (m != null) {
                m.close();
                f.set(null, null);
            }
        }
    }

    private static List<Field> fields(ExtensionContext context) {
        List<Field> fields = Arrays.stream(context.getRequiredTestClass().getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(SharedManager.class)).toList();
        for (Field f : fields) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != NDManager.class) {
                throw new IllegalStateException("@SharedManager needs a static NDManager field, not " + f);
            }
            f.setAccessible(true);
        }
        return fields;
    }
}
