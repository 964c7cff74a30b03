//! Extract stage: entities, figures, time expressions and claims from the
//! segmented sentences of an article.

pub mod numeral;
pub mod time;
