package io.revchain.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    // the regular expressions the analysis used before; FileNames must decide exactly as they do
    private static final Pattern SOURCE_FILE = Pattern.compile("(?!\\.#|__init__)(.*\\.py)");
    private static final Pattern PREFIX = Pattern.compile("^(\\d+)_");
    private static final String[] PIECES = {
        "",
        "0",
        "12",
        "004",
        "_",
        "__init__",
        ".#",
        ".py",
        ".pyc",
        "a",
        "x.py",
        "\n",
        "\r",
        "\u0085",
        "\u2028",
        "\u2029",
        "\u0663",
        "/",
        "py",
        ".",
        " ",
        "é"
    };

    @Test
    void decidesAsTheRegularExpressionsOnRandomNames() {
        long seed = Long.getLong("revchain.seed", 20261202L);
        Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(6); k >= 0; k--) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String path = b.toString();
            String name = path.substring(path.lastIndexOf('/') + 1);
            assertThat(FileNames.isSourceFile(name))
                    .as("seed %d: %s", seed, name)
                    .isEqualTo(SOURCE_FILE.matcher(name).matches());
            Matcher m = PREFIX.matcher(name);
            assertThat(FileNames.numericPrefix(path))
                    .as("seed %d: %s", seed, path)
                    .isEqualTo(m.find() ? m.group(1) : null);
        }
    }

    @Test
    void examples() {
        assertThat(FileNames.isSourceFile("004_add_users.py")).isTrue();
        assertThat(FileNames.isSourceFile("__init__.py")).isFalse();
        assertThat(FileNames.isSourceFile(".#lock.py")).isFalse();
        assertThat(FileNames.isSourceFile("notes.txt")).isFalse();
        assertThat(FileNames.numericPrefix("migrations/versions/004_add_users.py"))
                .isEqualTo("004");
        assertThat(FileNames.numericPrefix("migrations/004/abc_x.py")).isNull();
        assertThat(FileNames.numericPrefix("\u0663_arabic_digit.py")).isNull();
    }
}
