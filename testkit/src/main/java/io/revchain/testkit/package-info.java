/**
 * Test support shared by the modules' tests: seeded generators of migration chains, git repositories and servers
 * (plain and SSH) built on the fly, and a server that never answers.
 */
package io.revchain.testkit;
