//! Stage 5: schema validation and the output data directory.
