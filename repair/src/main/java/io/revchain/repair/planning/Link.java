package io.revchain.repair.planning;

/**
 * One parent → child link of a chain, as the cycle cutters weigh it.
 *
 * @param parent the revision named in {@code down_revision}
 * @param child  the revision naming it
 */
record Link(String parent, String child) {

    /**
     * Compares how badly two links contradict the key order (greater = {@code a} worse): a parent that sorts after
     * its child is worse than one before it; between two such, the link to the earlier child, then from the earlier
     * parent.
     */
    static int contradiction(OrderKey aParent, OrderKey aChild, OrderKey bParent, OrderKey bChild) {
        int a = aParent.compareTo(aChild);
        int b = bParent.compareTo(bChild);
        if (Integer.signum(a) != Integer.signum(b)) {
            return Integer.compare(Integer.signum(a), Integer.signum(b));
        }
        int byChild = bChild.compareTo(aChild);
        return byChild != 0 ? byChild : aParent.compareTo(bParent);
    }
}
