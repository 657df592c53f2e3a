/**
 * The Spanish catalogue: every string of {@link DocumentsLabels}, rejection reasons and error messages included
 * (worded from their codes and values, never the engine's English text). Import it from
 * `react-lightreach-documents/locales/es` and pass it to `<DocumentsProvider labels={esLabels}>`.
 */
import type { DocumentsErrorCode, FileRejectionReason, KnownDocumentType, UploadError } from '../core';
import type { DocumentsLabels } from '../react/labels';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/** A size in Spanish: `1,5 MB`. */
function tamano(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat('es', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** A wait in Spanish: `90 s`, `5 min`, `2 h`, `3 días`. */
function espera(ms: number): string {
  if (!(ms > 0)) return 'ahora';
  if (ms < 120_000) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.ceil(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${Math.ceil(ms / 3_600_000)} h`;
  return `${Math.ceil(ms / 86_400_000)} días`;
}

function motivo(reason: FileRejectionReason): string {
  const { params = {} } = reason;
  switch (reason.code) {
    case 'invalid-name':
      return 'El archivo no tiene nombre.';
    case 'invalid-extension': {
      const allowed = (params.allowed ?? []).join(', ');
      return params.extension === undefined
        ? `No se aceptan archivos sin extensión. Se aceptan: ${allowed}.`
        : `No se aceptan archivos .${params.extension}. Se aceptan: ${allowed}.`;
    }
    case 'empty-file':
      return 'El archivo está vacío.';
    case 'file-too-large':
      return params.maxSize === undefined
        ? 'El archivo es demasiado grande.'
        : `El archivo supera el límite de ${tamano(params.maxSize)}.`;
    case 'too-many-files':
      return params.maxFiles === undefined
        ? 'Se han añadido demasiados archivos.'
        : `No se pueden añadir más de ${params.maxFiles} ${plural(params.maxFiles, 'archivo', 'archivos')}.`;
    case 'duplicate':
      return 'Este archivo ya está en la lista.';
  }
}

const ERRORES: Record<DocumentsErrorCode, string> = {
  'invalid-request': 'El servidor rechazó la solicitud.',
  unauthorized: 'La sesión no es válida o ha caducado. Vuelve a iniciar sesión.',
  forbidden: 'No hay permiso para esta acción.',
  'not-found': 'No se encontró.',
  'rate-limited': 'Demasiadas solicitudes.',
  unavailable: 'El servicio no está disponible.',
  server: 'El servidor tuvo un problema.',
  network: 'Falló la conexión.',
  aborted: 'Se canceló.',
  timeout: 'El servidor tardó demasiado en responder.',
  'invalid-response': 'El servidor respondió de forma inesperada.',
  'job-failed': 'El servidor no pudo procesar el archivo.',
  configuration: 'El cargador está mal configurado.',
};

function error(err: UploadError): string {
  const base =
    err.code === 'forbidden' && 'reason' in err && err.reason === 'content-type'
      ? 'El almacenamiento rechazó el archivo (tipo de contenido).'
      : err.code === 'forbidden' && 'reason' in err && err.reason === 'expired'
        ? 'El enlace de subida caducó.'
        : ERRORES[err.code];
  const after = 'retryAfterMs' in err && typeof err.retryAfterMs === 'number' ? err.retryAfterMs : undefined;
  // The server's own words, as a detail in its language.
  const detail =
    'serverMessage' in err && typeof err.serverMessage === 'string' ? err.serverMessage : undefined;
  const said = detail === undefined ? base : `${base.replace(/\.$/, '')} (${detail}).`;
  return after === undefined ? said : `${said} Vuelve a intentarlo en ${espera(after)}.`;
}

const archivos = (count: number): string => `${count} ${plural(count, 'archivo', 'archivos')}`;

/** Every label in Spanish. */
export const esLabels: DocumentsLabels = /* @__PURE__ */ Object.freeze({
  dropzonePrompt: 'Arrastra los archivos aquí',
  dropzoneActivePrompt: 'Suelta los archivos para subirlos',
  dropzoneTouchPrompt: 'Elige los archivos para subir',
  browseButton: 'Elegir archivos',
  dropzoneHint: ({ extensions, maxSize }) =>
    `Se aceptan: ${extensions.join(', ')}${maxSize === undefined ? '' : ` · hasta ${maxSize} cada uno`}`,
  status: Object.freeze({
    rejected: 'Rechazado',
    collected: 'Listo para subir',
    queued: 'En cola',
    waiting: 'Esperando conexión',
    initializing: 'Preparando',
    uploading: 'Subiendo',
    finalizing: 'Finalizando',
    processing: 'Procesando',
    complete: 'Completado',
    failed: 'Error',
    canceled: 'Cancelado',
  }),
  progressPercent: (percent) => `${percent} %`,
  progressLabel: (name) => `Progreso de subida de ${name}`,
  waitingFor: (name) => `Esperando a ${name}`,
  overallProgress: ({ complete, total }) =>
    `${complete} de ${archivos(total)} ${plural(total, 'subido', 'subidos')}`,
  retry: (name) => `Reintentar ${name}`,
  cancel: (name) => `Cancelar ${name}`,
  remove: (name) => `Quitar ${name}`,
  retryAll: 'Reintentar los fallidos',
  cancelAll: 'Cancelar todo',
  clearAll: 'Vaciar la lista',
  announceStart: (count) => `Subiendo ${archivos(count)}`,
  announceMilestone: (percent) => `${percent} % subido`,
  announceComplete: (count) => `${archivos(count)} ${plural(count, 'subido', 'subidos')}`,
  announceError: ({ name, message }) => `${name} falló: ${message}`,
  announceRejected: ({ name, reason }) => `${name} no se añadió: ${reason}`,
  announceErrorCount: (count) => `${archivos(count)} ${plural(count, 'falló', 'fallaron')}: mira la lista.`,
  announceRejectedCount: (count) =>
    `${archivos(count)} no ${plural(count, 'se añadió', 'se añadieron')}: mira la lista.`,
  announceVariantsReady: 'Las vistas previas están listas',
  rejectionReason: motivo,
  errorMessage: error,
  galleryEmpty: 'Todavía no hay documentos',
  galleryLoading: 'Cargando documentos…',
  galleryError: 'No se pudieron cargar los documentos.',
  galleryRetry: 'Reintentar',
  archive: (name) => `Archivar ${name}`,
  archiveConfirm: (name) => `¿Archivar ${name}? Pasará a los documentos archivados.`,
  archiveConfirmButton: 'Archivar',
  archiveCancelButton: 'Conservar',
  archiveError: (name) => `No se pudo archivar ${name}.`,
  thumbnailAlt: (name) => name,
  noPreview: 'Sin vista previa',
  imageLoading: 'Cargando…',
  imageError: 'No se pudo mostrar este archivo.',
  previewPrevious: 'Anterior',
  previewNext: 'Siguiente',
  previewClose: 'Cerrar',
  previewDownload: 'Descargar',
  previewPosition: ({ index, total }) => `${index} de ${total}`,
  previewPreviousFile: 'Archivo anterior',
  previewNextFile: 'Archivo siguiente',
  previewFilePosition: ({ index, total }) => `Archivo ${index} de ${total}`,
  previewFiles: 'Archivos de este documento',
  previewPdfTitle: (name) => `${name} (PDF)`,
  previewDownloading: 'Descargando…',
  previewDownloadError: (name) => `No se pudo descargar ${name}. Vuelve a intentarlo.`,
  galleryTitle: 'Documentos',
  showArchived: 'Archivados',
  galleryArchivedEmpty: 'No hay documentos archivados',
  sortNewestFirst: 'Más recientes primero',
  sortOldestFirst: 'Más antiguos primero',
  documentStatus: Object.freeze({
    pending: 'Pendiente de revisión',
    approved: 'Aprobado',
    rejected: 'Rechazado',
  }),
  documentType: (type) =>
    (
      ({
        utilityBill: 'Factura de servicios',
        roofPhoto: 'Foto del tejado',
        sitePhoto: 'Foto del lugar',
        governmentId: 'Documento de identidad',
        proofOfIncome: 'Comprobante de ingresos',
        proofOfOwnership: 'Comprobante de propiedad',
        installationContract: 'Contrato de instalación',
        permit: 'Permiso',
        interconnectionAgreement: 'Acuerdo de interconexión',
        other: 'Otro',
      }) satisfies Record<KnownDocumentType, string> as Record<string, string | undefined>
    )[type] ?? type,
  requiredMessage: 'Añade al menos un documento.',
  stillUploadingMessage: 'Espera a que terminen las subidas.',
  failedSummary: (count) => `${archivos(count)} ${plural(count, 'necesita', 'necesitan')} atención.`,
  showFirstFailed: 'Mostrar',
  retryButton: 'Reintentar',
  cancelButton: 'Cancelar',
  removeButton: 'Quitar',
  offlineNotice: 'Sin conexión: las subidas seguirán cuando vuelva la conexión.',
  reselectNotice: ({ names, count }) =>
    `${plural(count, 'Este archivo no se subió', 'Estos archivos no se subieron')} antes de recargar la página; ${plural(
      count,
      'vuelve a elegirlo',
      'vuelve a elegirlos',
    )}: ${names.join(', ')}${count > names.length ? ` y ${count - names.length} más` : ''}.`,
  dismiss: 'Cerrar aviso',
  storedLoading: 'Cargando…',
  storedNotFound: 'No se encontró este documento: puede que se haya borrado o que sea de otra cuenta.',
  storedError: 'No se pudo cargar este documento.',
  storedName: (id) => `Documento ${id}`,
  moreFiles: (count) => `Mostrar ${count} ${plural(count, 'archivo más', 'archivos más')}`,
  moveUp: (name) => `Subir ${name}`,
  moveDown: (name) => `Bajar ${name}`,
  uploadCollected: (count) => `Subir ${archivos(count)}`,
  collectedList: (count) => `${archivos(count)} para subir`,
  collectedMessage: 'Sube los archivos que añadiste, o quítalos.',
} satisfies DocumentsLabels);
