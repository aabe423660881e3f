"""The fault-injection suite: every writing command under every fault (issue 10, "Done when")."""
