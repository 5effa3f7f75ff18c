"""The Zeebe gateway over the embedded engine: the gRPC API that pyzeebe, zbctl and the Camunda SDKs speak."""
