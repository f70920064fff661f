package io.revchain.core.alembic;

/** PLACEHOLDER until the releases branch lands: an Alembic release and the rules it follows. */
public record AlembicRelease(int major, int minor, int patch) implements Comparable<AlembicRelease> {
    public static final AlembicRelease ORACLE = new AlembicRelease(1, 8, 1);
    public static final AlembicRelease CURRENT = new AlembicRelease(1, 17, 2);

    public static AlembicRelease parse(String s) {
        String[] p = s.strip().split("\\.");
        try {
            return new AlembicRelease(Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0,
                    p.length > 2 ? Integer.parseInt(p[2].replaceAll("\\D.*", "")) : 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an Alembic release: '" + s + "' (expected e.g. 1.13.2)");
        }
    }

    @Override
    public int compareTo(AlembicRelease o) {
        return major != o.major ? Integer.compare(major, o.major)
                : minor != o.minor ? Integer.compare(minor, o.minor) : Integer.compare(patch, o.patch);
    }

    private boolean atLeast(int a, int b, int c) {
        return compareTo(new AlembicRelease(a, b, c)) >= 0;
    }

    public boolean recursiveVersionLocations() {
        return atLeast(1, 10, 0);
    }

    public boolean newlineSeparator() {
        return atLeast(1, 13, 3);
    }

    public boolean pathSeparatorOption() {
        return atLeast(1, 16, 0);
    }

    public boolean pyprojectConfig() {
        return atLeast(1, 16, 0);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
