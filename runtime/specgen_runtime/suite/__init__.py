"""What the generated conformance suites import: the adapter interface and the checks."""
