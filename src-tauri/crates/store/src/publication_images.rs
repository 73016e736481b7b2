//! A publication's pictures, on either engine: added (already reduced and stripped by
//! `files::picture`), listed without their bytes, fetched one at a time, removed. A publication
//! keeps at most `MAX_IMAGES`.

use fabrique_core::publications::{PublicationId, PublicationImage, MAX_IMAGES};
use fabrique_core::CoreError;

use crate::error::{Result, StoreError};
use crate::files::picture::Picture;
use crate::rows::found;
use crate::sql::{values, Row};
use crate::{now, Store};

const COLUMNS: &str = "id, name, media_type, width, height, CAST(length(bytes) AS BIGINT)";

impl Store {
    /// Adds `picture` to the publication, under the file name it was chosen by.
    pub fn add_publication_image(
        &mut self,
        publication: PublicationId,
        name: &str,
        picture: &Picture,
    ) -> Result<PublicationImage> {
        let name: String = name.trim().chars().take(200).collect();
        let tx = self.begin()?;
        found(
            tx.query_optional("SELECT id FROM publications WHERE id = ?1", values![publication])?.map_or(0, |_| 1),
            "La publication",
            publication,
        )?;
        let count: i64 = crate::sql::query_value(
            &*tx,
            "SELECT count(*) FROM publication_images WHERE publication_id = ?1",
            values![publication],
        )?;
        if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_IMAGES {
            return Err(CoreError::invalid(
                "images",
                format!(
                    "une publication garde au plus {MAX_IMAGES} images : retirez-en une avant d'en ajouter une autre."
                ),
            )
            .into());
        }
        let id: i64 = crate::sql::query_value(
            &*tx,
            "INSERT INTO publication_images (publication_id, name, media_type, width, height, bytes, added_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            values![
                publication,
                if name.is_empty() { "image".to_string() } else { name },
                picture.media_type,
                i64::from(picture.width),
                i64::from(picture.height),
                *picture.bytes,
                now()
            ],
        )?;
        let row = tx.query_optional(&format!("SELECT {COLUMNS} FROM publication_images WHERE id = ?1"), values![id])?;
        let image = read_image(&row.ok_or(StoreError::NotFound { what: "L'image", id })?)?;
        tx.commit()?;
        Ok(image)
    }

    /// A publication's pictures, in the order they were added.
    pub fn publication_images(&self, publication: PublicationId) -> Result<Vec<PublicationImage>> {
        self.db()
            .query(
                &format!("SELECT {COLUMNS} FROM publication_images WHERE publication_id = ?1 ORDER BY id"),
                values![publication],
            )?
            .iter()
            .map(read_image)
            .collect()
    }

    /// A picture's media type and bytes.
    pub fn publication_image_bytes(&self, id: i64) -> Result<(String, Vec<u8>)> {
        let row = self
            .db()
            .query_optional("SELECT media_type, bytes FROM publication_images WHERE id = ?1", values![id])?
            .ok_or(StoreError::NotFound { what: "L'image", id })?;
        Ok((row.get(0)?, row.get(1)?))
    }

    /// Removes a picture; returns the publication it belonged to.
    pub fn delete_publication_image(&mut self, id: i64) -> Result<PublicationId> {
        let publication: PublicationId = self
            .db()
            .query_optional("SELECT publication_id FROM publication_images WHERE id = ?1", values![id])?
            .ok_or(StoreError::NotFound { what: "L'image", id })?
            .get(0)?;
        found(self.db().execute("DELETE FROM publication_images WHERE id = ?1", values![id])?, "L'image", id)?;
        Ok(publication)
    }
}

fn read_image(r: &Row) -> Result<PublicationImage> {
    let number = |i: usize| -> Result<u32> { Ok(u32::try_from(r.get::<i64>(i)?).unwrap_or(0)) };
    Ok(PublicationImage {
        id: r.get(0)?,
        name: r.get(1)?,
        media_type: r.get(2)?,
        width: number(3)?,
        height: number(4)?,
        size: number(5)?,
    })
}
