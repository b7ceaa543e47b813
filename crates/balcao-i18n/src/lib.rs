//! balcao-i18n (being written).
