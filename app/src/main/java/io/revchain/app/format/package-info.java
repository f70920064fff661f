/**
 * How results are written: text, JSON, SARIF and GitHub annotations; repository strings are untrusted and escaped in
 * the human formats, exact in the machine ones.
 */
package io.revchain.app.format;
