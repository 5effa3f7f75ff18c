"""Job workers for the service tasks of the government IT project processes."""
