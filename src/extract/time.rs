//! Time expressions (owned by the numerals helper).
