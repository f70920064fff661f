/** Decisions that only an organisation-wide view can make: one revision id declared in several repositories. */
package io.revchain.analysis.org;
