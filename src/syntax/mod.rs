//! Reading Dockerfiles: the lossless line scanner, the instruction model built on the
//! `parse-dockerfile` crate, and shell trees for RUN bodies.

pub mod adapter;
pub mod heredoc;
pub mod image;
pub mod model;
mod rejects;
pub mod scanner;
pub mod shell;
mod simple_shell;

pub use image::ImageRef;
pub use model::{Base, Document, Flag, Form, Instruction, Kind, ModelError, Stage, Unread, Word};
pub use scanner::{Scan, ScanError, Segment, scan};
pub use shell::{Command, Separator, ShellBody};
