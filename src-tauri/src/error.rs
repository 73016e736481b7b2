//! The one error of the shell's edge: every crate's error, converted with its stable code, as the
//! interface receives it (`{code, message}`, the TypeScript `ApiError`).

use fabrique_api::ApiError;
use fabrique_core::ErrorCode;
use fabrique_reports::PdfError;
use fabrique_store::StoreError;
use fabrique_usecases::UseCaseError;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct CommandError(pub ApiError);

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError(ApiError::new(code, message))
    }
}

impl From<ApiError> for CommandError {
    fn from(e: ApiError) -> Self {
        CommandError(e)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        CommandError::new(e.code(), e.to_string())
    }
}

impl From<UseCaseError> for CommandError {
    fn from(e: UseCaseError) -> Self {
        CommandError(e.into())
    }
}

impl From<PdfError> for CommandError {
    fn from(e: PdfError) -> Self {
        UseCaseError::from(e).into()
    }
}
