/**
 * Everything revchain does with git, through JGit: mirrors and their transports (SSH keys only, strict host keys),
 * scanning commits into parsed scripts, the sides of a merge, and the one gate every push of a fix branch goes
 * through.
 */
package io.revchain.git;
