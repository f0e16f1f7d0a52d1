/**
 * Shrinks a camera photo on the phone before it is queued: a 12-megapixel JPEG becomes ~300 KB at 1600 px,
 * which keeps the offline queue small and the upload possible on a weak mobile signal.
 */
export interface ResizedPhoto {
  fileName: string;
  mediaType: 'image/jpeg';
  dataBase64: string;
  /** For the thumbnail on the page. */
  dataUrl: string;
}

export async function resizePhoto(file: File, maxSide = 1600, quality = 0.8): Promise<ResizedPhoto> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const dataUrl = canvas.toDataURL('image/jpeg', quality);
  const base = file.name.replace(/\.[^.]+$/, '') || 'photo';
  return { fileName: `${base.slice(0, 100)}.jpg`, mediaType: 'image/jpeg', dataBase64: dataUrl.slice(dataUrl.indexOf(',') + 1), dataUrl };
}
