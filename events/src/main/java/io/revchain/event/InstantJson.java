package io.revchain.event;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants in the events' one form ({@link Instant#toString()}: {@code 2026-03-01T12:00:00.123Z}) written and read
 * without {@link java.time.format.DateTimeFormatter}, which costs a few microseconds an instant and every event
 * carries two or three. Decides only the canonical form of years 1000–9999 (what every revchain service writes);
 * any other text, number, setting or per-property format goes to the serializer and deserializer
 * {@code JavaTimeModule} set up, which these wrap, so the accepted inputs, the values and the errors are exactly
 * theirs.
 */
final class InstantJson {
    private InstantJson() {}

    private static final long SECONDS_PER_DAY = 86_400L;
    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
    private static final long DAYS_0000_TO_1970 = 719_468L;

    /** The module that wraps {@code JavaTimeModule}'s instant serializer and deserializer (register it after). */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("revchain-instants");
        m.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(
                    SerializationConfig config, BeanDescription desc, JsonSerializer<?> serializer) {
                return desc.getBeanClass() == Instant.class && !(serializer instanceof Writer)
                        ? new Writer((JsonSerializer<Instant>) serializer)
                        : serializer;
            }
        });
        m.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deserializer) {
                return desc.getBeanClass() == Instant.class && !(deserializer instanceof Reader)
                        ? new Reader(deserializer)
                        : deserializer;
            }
        });
        return m;
    }

    /** The canonical text of {@code i}, equal to {@link Instant#toString()}. */
    static String format(Instant i) {
        long seconds = i.getEpochSecond();
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // civil-from-days (Howard Hinnant's algorithm), in eras of 400 years starting on 1 March
        long z = days + DAYS_0000_TO_1970;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1000 || year > 9999) {
            return i.toString();
        }
        char[] c = new char[30];
        int n = 0;
        n = digits(c, n, (int) year, 4);
        c[n++] = '-';
        n = digits(c, n, month, 2);
        c[n++] = '-';
        n = digits(c, n, day, 2);
        c[n++] = 'T';
        n = digits(c, n, secOfDay / 3600, 2);
        c[n++] = ':';
        n = digits(c, n, secOfDay / 60 % 60, 2);
        c[n++] = ':';
        n = digits(c, n, secOfDay % 60, 2);
        int nano = i.getNano();
        if (nano > 0) {
            c[n++] = '.';
            // groups of three digits, as ISO_INSTANT prints them
            if (nano % 1_000_000 == 0) {
                n = digits(c, n, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                n = digits(c, n, nano / 1000, 6);
            } else {
                n = digits(c, n, nano, 9);
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static int digits(char[] c, int at, int value, int width) {
        for (int k = width - 1; k >= 0; k--) {
            c[at + k] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /**
     * The instant {@code s} names when it is exactly {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (upper case, 1–9 fraction
     * digits, year 1000–9999, a real date, no leap second); {@code null} for anything else.
     */
    static Instant parse(String s) {
        int len = s.length();
        if (len < 20
                || len > 30
                || len == 21
                || s.charAt(len - 1) != 'Z'
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 1000
                || month < 1
                || month > 12
                || day < 1
                || day > lengthOfMonth(year, month)
                || hour > 23
                || minute > 59
                || second > 59) {
            return null;
        }
        int nano = 0;
        if (len > 20) {
            if (s.charAt(19) != '.') {
                return null;
            }
            int fraction = len - 21;
            int f = number(s, 20, fraction);
            if (f < 0) {
                return null;
            }
            for (int k = fraction; k < 9; k++) {
                f *= 10;
            }
            nano = f;
        }
        // days-from-civil (Howard Hinnant's algorithm)
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146_097L + doe - DAYS_0000_TO_1970;
        return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The decimal number of {@code width} ASCII digits at {@code at}, or -1. */
    private static int number(String s, int at, int width) {
        int v = 0;
        for (int k = at; k < at + width; k++) {
            char ch = s.charAt(k);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Jackson's own serializer (as {@code JavaTimeModule} set it up), with the canonical form written directly. */
    static final class Writer extends StdSerializer<Instant> implements ContextualSerializer {
        private final JsonSerializer<Instant> jackson;

        Writer(JsonSerializer<Instant> jackson) {
            super(Instant.class);
            this.jackson = jackson;
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                jackson.serialize(value, gen, provider);
            } else {
                gen.writeString(format(value));
            }
        }

        @Override
        public void serializeWithType(
                Instant value, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            jackson.serializeWithType(value, gen, provider, typeSer);
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider prov, BeanProperty property)
                throws JsonMappingException {
            if (!(jackson instanceof ContextualSerializer c)) {
                return this;
            }
            JsonSerializer<?> contextual = c.createContextual(prov, property);
            if (contextual == jackson) {
                return this;
            }
            JsonFormat.Value format = findFormatOverrides(prov, property, Instant.class);
            // a property with its own format (@JsonFormat) keeps Jackson's serializer alone; any other contextual
            // copy (Jackson makes one per property even without a format) stays wrapped, or the direct form would
            // never be used for a property
            return format.hasPattern() || format.hasShape() || format.hasLocale() || format.hasTimeZone()
                    ? contextual
                    : new Writer((JsonSerializer<Instant>) contextual);
        }
    }

    /** Jackson's own deserializer (as {@code JavaTimeModule} set it up), with the canonical form read directly. */
    static final class Reader extends DelegatingDeserializer {
        private final JsonDeserializer<?> jackson;

        Reader(JsonDeserializer<?> jackson) {
            super(jackson);
            this.jackson = jackson;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Reader(newDelegatee);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual =
                    jackson instanceof ContextualDeserializer c ? c.createContextual(ctxt, property) : jackson;
            // a property with its own format (@JsonFormat) keeps Jackson's deserializer alone
            return contextual == jackson ? this : contextual;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parse(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return jackson.deserialize(p, ctxt);
        }
    }
}
