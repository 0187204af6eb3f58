"""Development-only tools (benchmarks, load tests, drills): never imported by the product; see docs/performance.md."""
