//! One way to run the store's SQL on either engine: the local SQLite file or the team base on
//! PostgreSQL. An operation writes its SQL once, with SQLite's numbered parameters (`?1`, `?2`),
//! passes [`Value`]s and reads [`Row`]s; the PostgreSQL side turns `?N` into `$N` and converts the
//! values to the column types of the team schema (integers are BIGINT there, flags BIGINT 0/1,
//! dates ISO text, as in SQLite). Where the two engines' SQL differs, the operation matches on
//! [`Sql::engine`] in one place.
//!
//! Transactions are plain `BEGIN`/`COMMIT` statements through [`Write`], so an operation runs the
//! same code inside and outside one.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::error::{Result, StoreError};
use crate::team::{failed, TeamAddress, TeamBase};

/// The engine a connection talks to, for the few statements written differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

/// A value bound to a parameter or read from a column.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Value {
    #[default]
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Builds a parameter list: `values![id, name, d.member]` (each value borrowed).
macro_rules! values {
    ($($value:expr),* $(,)?) => {
        &[$(crate::sql::ToValue::to_value(&$value)),*][..]
    };
}
pub(crate) use values;

/// What may be bound to a parameter.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Integer(*self)
    }
}
impl ToValue for i32 {
    fn to_value(&self) -> Value {
        Value::Integer((*self).into())
    }
}
impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Integer((*self).into())
    }
}
impl ToValue for u8 {
    fn to_value(&self) -> Value {
        Value::Integer((*self).into())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Integer((*self).into())
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

/// A value read back as a Rust type; `None` when the stored value has another type.
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;

    /// The same from an owned value, which text takes without copying; the value back otherwise.
    fn from_owned(value: Value) -> std::result::Result<Self, Value> {
        Self::from_value(&value).ok_or(value)
    }
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Integer(v) => Some(*v),
            _ => None,
        }
    }
}
impl FromValue for u32 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| u32::try_from(v).ok())
    }
}
impl FromValue for u8 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| u8::try_from(v).ok())
    }
}
impl FromValue for i32 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|v| i32::try_from(v).ok())
    }
}
impl FromValue for bool {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).map(|v| v != 0)
    }
}
impl FromValue for f64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Real(v) => Some(*v),
            Value::Integer(v) => Some(*v as f64),
            _ => None,
        }
    }
}
impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }

    fn from_owned(value: Value) -> std::result::Result<Self, Value> {
        match value {
            Value::Text(v) => Ok(v),
            other => Err(other),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Blob(v) => Some(v.clone()),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }

    fn from_owned(value: Value) -> std::result::Result<Self, Value> {
        match value {
            Value::Null => Ok(None),
            other => T::from_owned(other).map(Some),
        }
    }
}

/// One row of a result, its columns in the order of the query.
#[derive(Debug)]
pub(crate) struct Row {
    values: Vec<Value>,
}

impl Row {
    /// A row of a statement SQLite is stepping through (for a reader that streams a large table).
    pub(crate) fn from_sqlite(row: &rusqlite::Row<'_>, width: usize) -> Result<Row> {
        let values = (0..width).map(|i| row.get_ref(i).map(sqlite_value)).collect::<rusqlite::Result<_>>()?;
        Ok(Row { values })
    }

    /// The column at `index` as it was read.
    pub(crate) fn value(&self, index: usize) -> Value {
        self.values.get(index).cloned().unwrap_or(Value::Null)
    }

    /// The column at `index` as a `T`, moved out of the row (no copy of its text): for the readers
    /// of large tables. The column reads as NULL afterwards.
    pub(crate) fn take<T: FromValue>(&mut self, index: usize) -> Result<T> {
        let value = self.values.get_mut(index).map(std::mem::take).unwrap_or(Value::Null);
        let taken = T::from_owned(value);
        taken.map_err(|value| {
            StoreError::damaged(
                "une valeur enregistrée",
                format!("colonne {} : {value:?} n'est pas du type {}", index + 1, std::any::type_name::<T>()),
            )
        })
    }

    /// The column at `index` as a `T`; a stored value of another type is damaged data.
    pub(crate) fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = self.values.get(index).unwrap_or(&Value::Null);
        T::from_value(value).ok_or_else(|| {
            StoreError::damaged(
                "une valeur enregistrée",
                format!("colonne {} : {value:?} n'est pas du type {}", index + 1, std::any::type_name::<T>()),
            )
        })
    }
}

/// What both engines do: run a statement, read its rows.
pub(crate) trait Sql {
    fn engine(&self) -> Engine;
    /// Runs a statement that returns rows.
    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Runs a statement and returns how many rows it changed.
    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize>;
    /// Runs statements without parameters (`BEGIN`, `COMMIT`).
    fn batch(&self, sql: &str) -> Result<()>;
    /// Runs a statement that returns rows and hands each to `each` as it arrives, never holding
    /// them all: for the readers of large tables (a wave's answers). Stops at the first error
    /// `each` returns.
    fn query_each(&self, sql: &str, params: &[Value], each: &mut dyn FnMut(Row) -> Result<()>) -> Result<()>;

    /// Inserts `rows` into `table`, each row's values in the order of `columns`, in as few round
    /// trips as the engine needs: SQLite repeats one prepared statement (it runs in this process, a
    /// statement costs no trip), a team base receives them all in one `COPY`, since a statement
    /// per row would be a network round trip per row (a wave is thousands of submissions). Not
    /// for `settings`: PostgreSQL refuses `COPY` into a table under row-level security. Returns
    /// how many rows were inserted.
    fn insert_rows(&self, table: &str, columns: &[&str], rows: &[Vec<Value>]) -> Result<usize> {
        check_widths(table, columns, rows)?;
        let numbers: Vec<String> = (1..=columns.len()).map(|c| format!("?{c}")).collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), numbers.join(", "));
        let mut inserted = 0;
        for row in rows {
            inserted += self.execute(&sql, row)?;
        }
        Ok(inserted)
    }

    /// The first row, if any.
    fn query_optional(&self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// The only value of a query that always returns one row (`SELECT count(*)`, `… RETURNING id`).
pub(crate) fn query_value<T: FromValue>(db: &(impl Sql + ?Sized), sql: &str, params: &[Value]) -> Result<T> {
    match db.query_optional(sql, params)? {
        Some(row) => row.get(0),
        None => Err(StoreError::damaged("une requête", "aucune ligne là où une était attendue")),
    }
}

/// The check [`Sql::insert_rows`] makes first: every row has a value for each column.
fn check_widths(table: &str, columns: &[&str], rows: &[Vec<Value>]) -> Result<()> {
    match rows.iter().find(|row| row.len() != columns.len()) {
        Some(row) => Err(StoreError::damaged(
            format!("l'enregistrement dans « {table} »"),
            format!("{} valeurs pour {} colonnes", row.len(), columns.len()),
        )),
        None => Ok(()),
    }
}

/// A writing transaction on either engine: rolled back when dropped without [`Write::commit`].
pub(crate) struct Write<'a> {
    db: &'a dyn Sql,
    done: bool,
}

impl<'a> Write<'a> {
    /// Begins a transaction that writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), waiting for another writer rather than failing when it comes to write.
    pub(crate) fn begin(db: &'a dyn Sql) -> Result<Write<'a>> {
        db.batch(match db.engine() {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        })?;
        Ok(Write { db, done: false })
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        self.done = true;
        self.db.batch("COMMIT")
    }
}

impl<'a> std::ops::Deref for Write<'a> {
    type Target = dyn Sql + 'a;
    fn deref(&self) -> &Self::Target {
        self.db
    }
}

impl Drop for Write<'_> {
    fn drop(&mut self) {
        if !self.done {
            // The error that stopped the operation is the one to report; a failed rollback means
            // the connection is gone, and the server or SQLite discards the transaction anyway.
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// SQLite

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
            Value::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

fn sqlite_value(value: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(v) => Value::Integer(v),
        ValueRef::Real(v) => Value::Real(v),
        ValueRef::Text(v) => Value::Text(String::from_utf8_lossy(v).into_owned()),
        ValueRef::Blob(v) => Value::Blob(v.to_vec()),
    }
}

impl Sql for rusqlite::Connection {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut statement = self.prepare_cached(sql)?;
        let width = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            read.push(Row::from_sqlite(row, width)?);
        }
        Ok(read)
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        Ok(self.prepare_cached(sql)?.execute(rusqlite::params_from_iter(params))?)
    }

    fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.execute_batch(sql)?)
    }

    fn query_each(&self, sql: &str, params: &[Value], each: &mut dyn FnMut(Row) -> Result<()>) -> Result<()> {
        let mut statement = self.prepare_cached(sql)?;
        let width = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            each(Row::from_sqlite(row, width)?)?;
        }
        Ok(())
    }
}

/// A transaction opened by rusqlite (imports, erasures) runs the same operations.
impl Sql for rusqlite::Transaction<'_> {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        Sql::query(&**self, sql, params)
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        Sql::execute(&**self, sql, params)
    }

    fn batch(&self, sql: &str) -> Result<()> {
        Sql::batch(&**self, sql)
    }

    fn query_each(&self, sql: &str, params: &[Value], each: &mut dyn FnMut(Row) -> Result<()>) -> Result<()> {
        Sql::query_each(&**self, sql, params, each)
    }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/// A connection to a team base, with its prepared statements (one round trip per statement after
/// the first time).
///
/// A connection the server closed (restarted, the network cut) is opened again at the next
/// statement outside a transaction, so a window open through an outage works again once the server
/// is back, without being restarted. Inside a transaction it is not: the statements before the cut
/// are lost with it, and the transaction fails whole.
pub(crate) struct TeamConnection {
    team: RefCell<TeamBase>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    address: TeamAddress,
    in_transaction: std::cell::Cell<bool>,
}

impl std::fmt::Debug for TeamConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TeamConnection({})", self.address)
    }
}

impl TeamConnection {
    pub(crate) fn new(team: TeamBase) -> TeamConnection {
        let address = team.address().clone();
        TeamConnection {
            team: RefCell::new(team),
            statements: RefCell::default(),
            address,
            in_transaction: std::cell::Cell::new(false),
        }
    }

    /// Opens the connection again when the server closed it, outside a transaction.
    fn reopen_if_closed(&self) -> Result<()> {
        if self.in_transaction.get() || !self.team.borrow().client.is_closed() {
            return Ok(());
        }
        self.reopen()
    }

    fn reopen(&self) -> Result<()> {
        let team = TeamBase::open(&self.address)?;
        *self.team.borrow_mut() = team;
        self.statements.borrow_mut().clear();
        Ok(())
    }

    /// Runs `work` on the client; a connection found closed by it, outside a transaction, is
    /// opened again and `work` tried once more (nothing was sent on the dead one).
    fn on_client<T>(
        &self,
        action: &'static str,
        work: impl Fn(&mut postgres::Client, &postgres::Statement) -> Result<T, postgres::Error>,
        sql: &str,
    ) -> Result<T> {
        self.reopen_if_closed()?;
        let attempt = || self.statement(sql).and_then(|statement| work(&mut self.team.borrow_mut().client, &statement));
        match attempt() {
            Err(e) if connection_lost(&e) && !self.in_transaction.get() => {
                self.reopen()?;
                attempt().map_err(failed(&self.address, action))
            }
            other => other.map_err(failed(&self.address, action)),
        }
    }

    /// The connection itself, for what goes beyond one statement (publishing a whole base).
    pub(crate) fn team_base(&self) -> std::cell::RefMut<'_, TeamBase> {
        self.team.borrow_mut()
    }

    /// As [`TeamConnection::team_base`], opened again first if the server closed it.
    pub(crate) fn ready_team_base(&self) -> Result<std::cell::RefMut<'_, TeamBase>> {
        self.reopen_if_closed()?;
        Ok(self.team.borrow_mut())
    }

    pub(crate) fn address(&self) -> &TeamAddress {
        &self.address
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement, postgres::Error> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.team.borrow_mut().client.prepare(&numbered_parameters(sql))?;
        self.statements.borrow_mut().insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    fn bound(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
        params.iter().map(|v| v as &(dyn postgres::types::ToSql + Sync)).collect()
    }
}

impl Sql for TeamConnection {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let bound = Self::bound(params);
        let rows =
            self.on_client("la lecture des données", |client, statement| client.query(statement, &bound), sql)?;
        rows.iter().map(postgres_row).collect()
    }

    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        let bound = Self::bound(params);
        let changed = self.on_client("l'enregistrement", |client, statement| client.execute(statement, &bound), sql)?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    fn query_each(&self, sql: &str, params: &[Value], each: &mut dyn FnMut(Row) -> Result<()>) -> Result<()> {
        let each = RefCell::new(each);
        // What stopped the reading once rows were handed over: never tried again on a new
        // connection, which would hand them over twice.
        let stopped = RefCell::new(None);
        self.on_client(
            "la lecture des données",
            |client, statement| {
                use postgres::fallible_iterator::FallibleIterator;
                let mut rows = client.query_raw(statement, params.iter())?;
                let mut handed = false;
                loop {
                    let row = match rows.next() {
                        Ok(Some(row)) => row,
                        Ok(None) => return Ok(()),
                        Err(e) if handed => {
                            *stopped.borrow_mut() = Some(failed(&self.address, "la lecture des données")(e));
                            return Ok(());
                        }
                        Err(e) => return Err(e),
                    };
                    handed = true;
                    if let Err(e) = postgres_row(&row).and_then(|row| (each.borrow_mut())(row)) {
                        *stopped.borrow_mut() = Some(e);
                        return Ok(());
                    }
                }
            },
            sql,
        )?;
        match stopped.into_inner() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn insert_rows(&self, table: &str, columns: &[&str], rows: &[Vec<Value>]) -> Result<usize> {
        use postgres::binary_copy::BinaryCopyInWriter;
        check_widths(table, columns, rows)?;
        if rows.is_empty() {
            return Ok(0);
        }
        let list = columns.join(", ");
        // The columns' types, which the binary format needs, from a statement prepared once.
        let shape = format!("SELECT {list} FROM {table}");
        let copied = self.on_client(
            "l'enregistrement",
            |client, shape| {
                let types: Vec<postgres::types::Type> = shape.columns().iter().map(|c| c.type_().clone()).collect();
                let sink = client.copy_in(&format!("COPY {table} ({list}) FROM STDIN BINARY"))?;
                let mut writer = BinaryCopyInWriter::new(sink, &types);
                for row in rows {
                    let bound = Self::bound(row);
                    writer.write(&bound)?;
                }
                writer.finish()
            },
            &shape,
        )?;
        Ok(usize::try_from(copied).unwrap_or(usize::MAX))
    }

    fn batch(&self, sql: &str) -> Result<()> {
        let begins = sql.trim_start().starts_with("BEGIN");
        if begins {
            self.reopen_if_closed()?;
        }
        let run = || self.team.borrow_mut().client.batch_execute(sql);
        let done = match run() {
            // Nothing was sent yet in a transaction that has not begun: try again on a new connection.
            Err(e) if begins && connection_lost(&e) => {
                self.reopen().and_then(|()| run().map_err(failed(&self.address, "l'enregistrement")))
            }
            other => other.map_err(failed(&self.address, "l'enregistrement")),
        };
        if begins {
            self.in_transaction.set(done.is_ok());
        } else if matches!(sql.trim(), "COMMIT" | "ROLLBACK") {
            // Whether it went through or not, the transaction is over: a commit the server never
            // answered is reported, and the next statement may reconnect.
            self.in_transaction.set(false);
        }
        done
    }
}

/// The connection is gone: closed under the client, or the server said it was shutting down (its
/// last word on a connection it ends).
fn connection_lost(e: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    e.is_closed()
        || matches!(e.code(), Some(code) if *code == SqlState::ADMIN_SHUTDOWN || *code == SqlState::CRASH_SHUTDOWN)
}

/// SQLite's `?1` written as PostgreSQL's `$1`, outside quoted text.
fn numbered_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

fn postgres_row(row: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let ty = column.type_();
        let read = |e: postgres::Error| StoreError::damaged("une valeur de la base d'équipe", e);
        let value = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i).map_err(read)?.map(Value::Integer)
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i).map_err(read)?.map(|v| Value::Integer(v.into()))
        } else if *ty == Type::INT2 {
            row.try_get::<_, Option<i16>>(i).map_err(read)?.map(|v| Value::Integer(v.into()))
        } else if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i).map_err(read)?.map(|v| Value::Integer(v.into()))
        } else if *ty == Type::FLOAT8 {
            row.try_get::<_, Option<f64>>(i).map_err(read)?.map(Value::Real)
        } else if *ty == Type::FLOAT4 {
            row.try_get::<_, Option<f32>>(i).map_err(read)?.map(|v| Value::Real(v.into()))
        } else if *ty == Type::BYTEA {
            row.try_get::<_, Option<Vec<u8>>>(i).map_err(read)?.map(Value::Blob)
        } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty) {
            row.try_get::<_, Option<String>>(i).map_err(read)?.map(Value::Text)
        } else {
            // A query meant for both engines casts its results (`CAST(sum(x) AS BIGINT)`).
            return Err(StoreError::damaged(
                "une valeur de la base d'équipe",
                format!("colonne « {} » de type {ty} non lu par Fabrique", column.name()),
            ));
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row { values })
}

/// A value bound to a PostgreSQL parameter of the team schema's types.
impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(v) if *ty == Type::INT8 => v.to_sql(ty, out),
            Value::Integer(v) if *ty == Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
            Value::Integer(v) if *ty == Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
            Value::Integer(v) if *ty == Type::BOOL => (*v != 0).to_sql(ty, out),
            Value::Integer(v) if *ty == Type::FLOAT8 => (*v as f64).to_sql(ty, out),
            Value::Real(v) if *ty == Type::FLOAT8 => v.to_sql(ty, out),
            Value::Real(v) if *ty == Type::FLOAT4 => (*v as f32).to_sql(ty, out),
            Value::Text(v) if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty) => {
                v.as_str().to_sql(ty, out)
            }
            Value::Blob(v) if *ty == Type::BYTEA => v.as_slice().to_sql(ty, out),
            other => Err(format!("{other:?} ne peut pas aller dans une colonne {ty}").into()),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_parameters_become_dollars_outside_quoted_text() {
        assert_eq!(
            numbered_parameters("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12 AND c = '?'"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12 AND c = '?'"
        );
    }

    #[test]
    fn a_sqlite_row_reads_back_as_written() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)").unwrap();
        let row = values![7_i64, 1.5, "é", Value::Blob(vec![1]), None::<String>];
        Sql::execute(&conn, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", row).unwrap();
        let row = conn.query_optional("SELECT i, r, s, b, n FROM t", &[]).unwrap().unwrap();
        assert_eq!(row.get::<i64>(0).unwrap(), 7);
        assert_eq!(row.get::<f64>(1).unwrap(), 1.5);
        assert_eq!(row.get::<String>(2).unwrap(), "é");
        assert_eq!(row.get::<Vec<u8>>(3).unwrap(), [1]);
        assert_eq!(row.get::<Option<String>>(4).unwrap(), None);
        assert!(row.get::<String>(0).is_err(), "an integer is not read as text");
    }

    #[test]
    fn rows_inserted_together_read_back_in_order_and_a_short_row_writes_nothing() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (i INTEGER, s TEXT)").unwrap();
        let rows: Vec<Vec<Value>> = (0..3).map(|i| vec![Value::Integer(i), Value::Text(format!("n° {i}"))]).collect();
        assert_eq!(conn.insert_rows("t", &["i", "s"], &rows).unwrap(), 3);
        let mut read = Vec::new();
        conn.query_each("SELECT i, s FROM t ORDER BY i", &[], &mut |r| {
            read.push((r.get::<i64>(0)?, r.get::<String>(1)?));
            Ok(())
        })
        .unwrap();
        assert_eq!(read, [(0, "n° 0".to_string()), (1, "n° 1".into()), (2, "n° 2".into())]);
        let short = vec![vec![Value::Integer(9), Value::Null], vec![Value::Integer(10)]];
        let refused = conn.insert_rows("t", &["i", "s"], &short).unwrap_err().to_string();
        assert!(refused.contains("1 valeurs pour 2 colonnes"), "{refused}");
        assert_eq!(query_value::<i64>(&conn, "SELECT count(*) FROM t", &[]).unwrap(), 3);
    }
}
