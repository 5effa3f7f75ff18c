"""Embedded, Zeebe-compatible engine: FEEL, DMN and BPMN execution with Zeebe 8.8 semantics."""
