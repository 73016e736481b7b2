//! The one error of the use cases: what went wrong in any crate below, with its stable code.

use fabrique_api::ApiError;
use fabrique_core::{CoreError, ErrorCode};
use fabrique_pdf::PdfError;
use fabrique_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum UseCaseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// A request the rules refuse before anything is read or written (an unknown form, a
    /// structure identifier that is not a number…); the message says what to do.
    #[error("{message}")]
    Refused { code: ErrorCode, message: String },
}

pub type Result<T, E = UseCaseError> = std::result::Result<T, E>;

impl UseCaseError {
    pub(crate) fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        UseCaseError::Refused { code, message: message.into() }
    }

    /// The stable code programs switch on (the window's interface, scripts through the CLI).
    pub fn code(&self) -> ErrorCode {
        match self {
            UseCaseError::Store(e) => e.code(),
            UseCaseError::Core(e) => e.code(),
            UseCaseError::Pdf(_) => ErrorCode::Pdf,
            UseCaseError::Refused { code, .. } => *code,
        }
    }
}

/// The error as the window's interface receives it: `{code, message}`.
impl From<UseCaseError> for ApiError {
    fn from(e: UseCaseError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}
