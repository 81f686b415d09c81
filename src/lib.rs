//! dockerlean: rewrites Dockerfiles so that images get smaller and builds faster,
//! without changing what the image does.
//!
//! ```
//! use dockerlean::Pipeline;
//!
//! let src = b"FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n";
//! let outcome = Pipeline::new().run(src.to_vec()).unwrap();
//! assert_eq!(
//!     String::from_utf8(outcome.output).unwrap(),
//!     "FROM debian:bookworm\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n"
//! );
//! ```

/// Defines `fn NAME() -> &'static TYPE` returning the data file `transforms/PATH`,
/// compiled in and parsed once (each file is checked by a test).
macro_rules! data_file {
    ($(#[$m:meta])* $vis:vis fn $name:ident() -> $ty:ty = $path:literal) => {
        $(#[$m])*
        $vis fn $name() -> &'static $ty {
            static DATA: std::sync::OnceLock<$ty> = std::sync::OnceLock::new();
            DATA.get_or_init(|| {
                toml::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/transforms/", $path)))
                    .expect(concat!("transforms/", $path, " is validated by a test"))
            })
        }
    };
}

pub mod cli;
pub mod config;
pub mod context;
pub mod effects;
pub mod emit;
pub mod fix;
pub mod syntax;
pub mod transform;

pub use fix::{Applicability, Edit, Finding, Fix, Outcome};
pub use syntax::{Document, ModelError};
pub use transform::Transform;

/// Files larger than this are refused (the largest real Dockerfiles are a few hundred KB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Refuses what is clearly not a Dockerfile before any parsing.
fn screen(src: &[u8]) -> Result<(), Error> {
    if src.len() > MAX_BYTES {
        return Err(Error::TooLarge(src.len()));
    }
    if let Some(p) = src.iter().position(|&b| b == 0) {
        return Err(Error::Binary(p));
    }
    Ok(())
}

/// Why a file was not processed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// BuildKit would reject the file, or it cannot be modelled safely.
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("binary file (NUL byte at offset {0}), not a Dockerfile")]
    Binary(usize),
    #[error("{0} bytes: larger than {MAX_BYTES} bytes, not a hand-written Dockerfile")]
    TooLarge(usize),
    #[error("unknown transform `{0}` (see `dockerlean transforms`)")]
    UnknownTransform(String),
    #[error("{0}")]
    Options(String),
}

impl Error {
    /// The message without its line (see [`Error::line`]).
    pub fn message(&self) -> String {
        match self {
            Error::Model(m) => m.message(),
            other => other.to_string(),
        }
    }

    /// The 1-based line the error is about, when it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Model(m) => Some(m.line()),
            _ => None,
        }
    }
}

/// The transforms to run and what to apply: the library's entry point.
#[derive(Clone)]
pub struct Pipeline {
    transforms: Vec<&'static dyn Transform>,
    options: fix::Options,
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Pipeline {
    /// The default transforms, safe fixes only.
    pub fn new() -> Pipeline {
        Pipeline {
            transforms: transform::registry()
                .into_iter()
                .filter(|t| t.default_on())
                .collect(),
            options: fix::Options::default(),
        }
    }

    /// Also apply fixes that may change behaviour.
    pub fn unsafe_fixes(mut self, on: bool) -> Pipeline {
        self.options.unsafe_fixes = on;
        self
    }

    /// Run only these transforms (in registry order).
    pub fn select<S: AsRef<str>>(mut self, ids: &[S]) -> Result<Pipeline, Error> {
        for id in ids {
            if transform::by_id(id.as_ref()).is_none() {
                return Err(Error::UnknownTransform(id.as_ref().to_string()));
            }
        }
        self.transforms = transform::registry()
            .into_iter()
            .filter(|t| ids.iter().any(|i| i.as_ref() == t.id()))
            .collect();
        Ok(self)
    }

    /// Do not run these transforms.
    pub fn ignore<S: AsRef<str>>(mut self, ids: &[S]) -> Result<Pipeline, Error> {
        for id in ids {
            if transform::by_id(id.as_ref()).is_none() {
                return Err(Error::UnknownTransform(id.as_ref().to_string()));
            }
        }
        self.transforms
            .retain(|t| !ids.iter().any(|i| i.as_ref() == t.id()));
        Ok(self)
    }

    /// Options of one transform (`[transform.<id>]` in the config), checked by it.
    pub fn transform_options(mut self, id: &str, options: toml::Table) -> Result<Pipeline, Error> {
        let t = transform::by_id(id).ok_or_else(|| Error::UnknownTransform(id.to_string()))?;
        t.check_options(&options)
            .map_err(|e| Error::Options(format!("[transform.{id}]: {e}")))?;
        let ctx = self.options.contexts.entry(id.to_string()).or_default();
        ctx.options.extend(options);
        Ok(self)
    }

    /// slim-base's runtime variant: `slim` or `alpine` (`--prefer`).
    pub fn prefer(self, variant: &str) -> Result<Pipeline, Error> {
        let mut t = toml::Table::new();
        t.insert("prefer".into(), toml::Value::String(variant.to_string()));
        self.transform_options("slim-base", t)
    }

    /// Whether a selected transform reads the build context, which
    /// [`Pipeline::build_context`] then has to name.
    pub fn reads_build_context(&self) -> bool {
        self.transforms.iter().any(|t| t.meta().reads_context)
    }

    /// The build context directory the configuration names (`[transform.dockerignore]
    /// context`), relative to the configuration file.
    pub fn configured_context(&self) -> Option<String> {
        let id = transform::context_transform().id();
        let t = self.options_of(id)?;
        transform::parse_options::<transform::DockerignoreOptions>(t)
            .ok()?
            .context
    }

    /// The build context of the Dockerfile (split-stages reads go.mod and Cargo.toml
    /// there, and which files the app may need at run time).
    pub fn build_context(mut self, dir: Option<&std::path::Path>) -> Pipeline {
        let dir: Option<std::sync::Arc<std::path::Path>> = dir.map(Into::into);
        for t in &self.transforms {
            self.options
                .contexts
                .entry(t.id().to_string())
                .or_default()
                .build_context = dir.clone();
        }
        self
    }

    /// `--cache-mounts`: the cache transforms keep caches in build cache mounts
    /// (`RUN --mount=type=cache,...`) instead of deleting them.
    pub fn cache_mounts(mut self, on: bool) -> Pipeline {
        for t in &self.transforms {
            self.options
                .contexts
                .entry(t.id().to_string())
                .or_default()
                .cache_mounts = on;
        }
        self
    }

    /// Whether the transform runs in this pipeline.
    pub fn runs(&self, id: &str) -> bool {
        self.transforms.iter().any(|t| t.id() == id)
    }

    /// Whether unsafe fixes are applied.
    pub fn applies_unsafe(&self) -> bool {
        self.options.unsafe_fixes
    }

    /// The options given to a transform.
    pub fn options_of(&self, id: &str) -> Option<&toml::Table> {
        self.options.contexts.get(id).map(|c| &c.options)
    }

    pub fn transforms(&self) -> &[&'static dyn Transform] {
        &self.transforms
    }

    fn engine(&self) -> fix::Engine<'static> {
        fix::Engine::new(self.transforms.clone(), self.options.clone())
    }

    /// Whether running this pipeline applies the fix of `f`.
    pub fn would_apply(&self, f: &Finding) -> bool {
        match f.applicability() {
            Applicability::Safe => true,
            Applicability::Unsafe => self.options.unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }

    /// Parses `src` (refusing binary input).
    pub fn parse(&self, src: Vec<u8>) -> Result<Document, Error> {
        screen(&src)?;
        Ok(Document::parse(src)?)
    }

    /// Findings on `src`, nothing applied.
    pub fn check(&self, src: Vec<u8>) -> Result<(Document, Vec<Finding>), Error> {
        let doc = self.parse(src)?;
        let findings = self.engine().check(&doc);
        Ok((doc, findings))
    }

    /// Runs every pass to its fixpoint and returns the rewritten bytes.
    pub fn run(&self, src: Vec<u8>) -> Result<Outcome, Error> {
        screen(&src)?;
        Ok(self.engine().run(src)?)
    }
}
