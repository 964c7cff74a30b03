//! timeline (next)
