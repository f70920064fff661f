/**
 * The demo organisation (broken repositories built on the fly) and the report {@code revchain demo} prints.
 */
package io.revchain.app.demo;
