/**
 * The vocabulary every module shares: a parsed migration script and its fields, findings and their severities, the
 * checks, the policy that raises or drops them, file naming, and the risk of a fix.
 */
package io.revchain.core.model;
