"""A subset of the Camunda 8.8 Orchestration Cluster REST API (/v2) for what gRPC does not cover."""
