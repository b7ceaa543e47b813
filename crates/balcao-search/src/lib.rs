//! balcao-search (being written).
