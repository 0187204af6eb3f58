"""Development-only tools (benchmarks, load tests, the multi-node drill, `make run`'s supervisor): never imported
by the product; see docs/performance.md and docs/deploy.md."""
