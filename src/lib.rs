//! zhmine: mine Chinese news coverage of internet platforms.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! corpus files → ingest → normalize → segment → extract → index → query → CLI / JSON / HTML
//! ```

pub mod data;
pub mod error;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod query;
pub mod render;
pub mod segment;

pub use error::{Error, Result};
