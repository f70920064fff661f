/**
 * What a configuration file says and whether it is valid: the organisation's {@code revchain.yaml} and a repository's
 * {@code .revchain.yaml}, read strictly, with {@code file:line:column} errors and never a secret in a message.
 */
package io.revchain.core.config;
