//! Changes between two editions' outputs (`kpi-extract diff`).
