//! balcao-catalogue (being written).
