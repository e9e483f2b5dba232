/**
 * The dossier beside (desktop) or instead of (phone, a tab) the score sheet: a list of the
 * documents, the chosen PDF drawn page by page (PdfViewer), and photos that open full screen.
 */
import { useEffect, useState } from "react";
import { PdfViewer } from "./PdfViewer";

export interface DossierDocument {
  id: number;
  fileId: number;
  slotName: string;
  originalName: string;
  mimeType: string;
}

const isImage = (d: DossierDocument) => d.mimeType.startsWith("image/");

export function DossierViewer({ documents, pdfjsBase }: { documents: DossierDocument[]; /** where pdf.js is served: "/pdfjs/<version>/" */ pdfjsBase: string }) {
  const [docId, setDocId] = useState<number | null>(documents[0]?.id ?? null);
  const [fullscreen, setFullscreen] = useState<number | null>(null);
  const doc = documents.find((x) => x.id === docId) ?? null;
  const photos = documents.filter(isImage);

  if (!documents.length) return <p className="muted">Hồ sơ không có tài liệu.</p>;
  return (
    <div className="dossier">
      <ul className="dossier-docs" aria-label="Tài liệu trong hồ sơ">
        {documents.map((x) => (
          <li key={x.id}>
            <button type="button" className={`dossier-doc${x.id === docId ? " current" : ""}`} aria-pressed={x.id === docId} onClick={() => setDocId(x.id)}>
              <span className="dossier-kind" aria-hidden="true">
                {x.mimeType === "application/pdf" ? "PDF" : isImage(x) ? "Ảnh" : "Tệp"}
              </span>
              <span className="dossier-name">
                <span className="small muted">{x.slotName}</span>
                <span>{x.originalName}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {doc ? (
        <div className="dossier-view">
          <p className="small dossier-links">
            <a href={`/tep/${doc.fileId}`} target="_blank" rel="noreferrer">
              Mở trong tab mới
            </a>
            <a href={`/tep/${doc.fileId}?tai-ve`} download>
              Tải về
            </a>
          </p>
          {doc.mimeType === "application/pdf" ? (
            <PdfViewer key={doc.fileId} pdfjsBase={pdfjsBase} url={`/tep/${doc.fileId}`} downloadUrl={`/tep/${doc.fileId}?tai-ve`} title={doc.originalName} />
          ) : isImage(doc) ? (
            <button type="button" className="photo-open" onClick={() => setFullscreen(doc.id)} aria-label={`Xem toàn màn hình: ${doc.originalName}`}>
              <img className="viewer-image" src={`/tep/${doc.fileId}`} alt={doc.originalName} />
              <span className="photo-hint">Chạm để xem toàn màn hình</span>
            </button>
          ) : (
            <p className="muted">Không xem trước được loại tệp này. Hãy tải tệp về để xem.</p>
          )}
        </div>
      ) : null}
      {fullscreen != null ? <PhotoOverlay photos={photos} startId={fullscreen} onClose={() => setFullscreen(null)} /> : null}
    </div>
  );
}

function PhotoOverlay({ photos, startId, onClose }: { photos: DossierDocument[]; startId: number; onClose: () => void }) {
  const [i, setI] = useState(Math.max(0, photos.findIndex((p) => p.id === startId)));
  const photo = photos[i];
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      if (e.key === "ArrowRight") setI((n) => Math.min(photos.length - 1, n + 1));
      if (e.key === "ArrowLeft") setI((n) => Math.max(0, n - 1));
    };
    window.addEventListener("keydown", key);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      window.removeEventListener("keydown", key);
      document.body.style.overflow = overflow;
    };
  }, [onClose, photos.length]);
  if (!photo) return null;
  return (
    <div className="photo-overlay" role="dialog" aria-modal="true" aria-label={photo.originalName}>
      <img src={`/tep/${photo.fileId}`} alt={photo.originalName} />
      <div className="photo-bar">
        {photos.length > 1 ? (
          <>
            <button type="button" className="pdf-btn" onClick={() => setI(i - 1)} disabled={i === 0} aria-label="Ảnh trước">
              ‹
            </button>
            <span className="photo-count">
              Ảnh {i + 1}/{photos.length}
            </span>
            <button type="button" className="pdf-btn" onClick={() => setI(i + 1)} disabled={i === photos.length - 1} aria-label="Ảnh sau">
              ›
            </button>
          </>
        ) : (
          <span className="photo-count">{photo.originalName}</span>
        )}
        <button type="button" className="pdf-btn photo-close" onClick={onClose} autoFocus>
          Đóng ✕
        </button>
      </div>
    </div>
  );
}
