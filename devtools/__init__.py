"""Development tooling: `make run`'s supervisor and the multi-node drill. The product never imports it."""
