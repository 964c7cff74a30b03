//! Numerals and quantities (owned by the numerals helper).
