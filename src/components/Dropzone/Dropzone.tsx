'use client';
import {
  forwardRef,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useDropzone } from 'react-dropzone';
import {
  DEFAULT_EXTENSIONS,
  acceptMapFor,
  resolveExtensions,
  validateFiles,
  type ExtensionAllowlist,
  type FileRejection,
} from '../../core';
import { uploaderLabels, type DocumentsLabelsOverrides } from '../../react';
import type { DropzoneLabels } from '../../react/labels';
import { useLabels } from '../../react/useDocumentsLabels';
import { announceProblems } from '../DocumentUploader/useUploadAnnouncements';
import { cx } from '../shared/cx';
import { useLatest } from '../shared/useLatest';
import { formatFileSize } from '../shared/format';

/** The drop zone's state, also exposed as `data-state`. */
export type DropzoneState = 'idle' | 'drag-accept' | 'drag-reject' | 'disabled';

/** What a render-function child receives. */
export interface DropzoneRenderState {
  state: DropzoneState;
  /** Whether focus is inside the zone (paste works then). */
  isFocused: boolean;
  /** Opens the file chooser. */
  open: () => void;
}

/** Imperative handle of {@link Dropzone}. */
export interface DropzoneHandle {
  /** Opens the file chooser. */
  open: () => void;
  /** Moves focus to the zone's button. */
  focus: () => void;
}

/** Props of {@link Dropzone}. */
export interface DropzoneProps {
  /**
   * Receives the files of a drop, a paste or the chooser, checked here against `accept`, `maxSize` and `maxFiles`:
   * accepted ones, and rejections with their reasons. Use `onFiles` instead when something else judges them.
   */
  onDrop?: (accepted: File[], rejections: FileRejection<File>[]) => void;
  /**
   * Receives every file of a drop, a paste or the chooser as it came, in order, unchecked: for an upload engine that
   * validates them itself (`DocumentUploader` does). With it, `onDrop` is not called and nothing is validated here;
   * `accept` still styles drags and filters the chooser.
   */
  onFiles?: (files: File[]) => void;
  /**
   * Opens the camera on phones instead of the file chooser, for photo types: `'environment'` (rear), `'user'`
   * (front) or `true` (the device's choice). Passed to the input's `capture`. Defaults to none.
   */
  capture?: boolean | 'user' | 'environment';
  /** Allowed extensions (map or list). Defaults to the API's default allowlist. */
  accept?: ExtensionAllowlist;
  /** Largest accepted file in bytes. Defaults to no limit. */
  maxSize?: number;
  /** Most files accepted in all, counting {@link DropzoneProps.fileCount}. Defaults to no limit. */
  maxFiles?: number;
  /** Files already added elsewhere (count toward `maxFiles`). Defaults to `0`. */
  fileCount?: number;
  /** Whether several files may be chosen at once. Defaults to `true`. */
  multiple?: boolean;
  /** Disables drops, paste and the chooser. Defaults to `false`. */
  disabled?: boolean;
  /** Whether rejected files are listed under the zone with their reasons. Defaults to `true`. */
  showRejections?: boolean;
  /** Label overrides for this zone. Defaults to the provider's labels. */
  labels?: DocumentsLabelsOverrides;
  /** Locale for sizes. Defaults to the browser's. */
  locale?: string;
  /** The zone's accessible name. Defaults to the prompt label. */
  'aria-label'?: string;
  /** Extra description ids (e.g. an error message of a form field). */
  'aria-describedby'?: string;
  /** `id` of the zone's button (e.g. for a `<label htmlFor>`). */
  id?: string;
  className?: string;
  /** Replaces the default content; a function receives the state. The button that opens the chooser stays. */
  children?: ReactNode | ((state: DropzoneRenderState) => ReactNode);
}

/**
 * Whether a drag's files all look allowed. During a drag browsers expose only MIME types (no names, sometimes
 * none, e.g. HEIC on some systems): an empty type is given the benefit of the doubt, the drop is judged for real.
 */
function dragAccepted(
  event: { dataTransfer?: DataTransfer | null },
  acceptMap: Record<string, string[]>,
): boolean {
  return !Array.from(event.dataTransfer?.items ?? []).some(
    (item) => item.kind === 'file' && item.type !== '' && acceptMap[item.type.toLowerCase()] === undefined,
  );
}

/**
 * A drop zone for files (react-dropzone underneath). A real button opens the chooser (Enter/Space); files can be
 * dropped, or pasted while focus is inside the zone. Its drag state lives here, so parents do not re-render on
 * drag events. Files are checked against the same rules as the API (extension allowlist, size, count).
 */
export const Dropzone = /* @__PURE__ */ forwardRef<DropzoneHandle, DropzoneProps>(
  function Dropzone(props, ref) {
    const {
      accept = DEFAULT_EXTENSIONS,
      maxSize,
      multiple = true,
      disabled = false,
      showRejections = true,
      locale,
      id,
      className,
      children,
    } = props;
    // (the keys of the upload side this component shows)
    const labels: DropzoneLabels = useLabels(uploaderLabels, props.labels);
    const [rejections, setRejections] = useState<FileRejection<File>[]>([]);
    const buttonRef = useRef<HTMLButtonElement>(null);
    const hintId = useId();
    const rejectionsId = useId();
    // Read at drop time: a fresh callback or count each render must not rebuild react-dropzone's handlers.
    // (the props as given: validateFiles reads an undefined accept or fileCount as the defaults above)
    const latest = useLatest(props);
    const [dragReject, setDragReject] = useState(false);

    const [extensions, acceptMap, inputAccept] = useMemo(() => {
      const list = Object.keys(resolveExtensions(accept));
      return [list, acceptMapFor(accept), list.map((e) => `.${e}`).join(',')] as const;
    }, [accept]);

    const { getRootProps, getInputProps, isDragActive, isFocused, open } = useDropzone({
      // react-dropzone only tracks the drag and collects the files, in order and unjudged (no `accept` here): the
      // API's own rules decide, once (here, or the engine behind `onFiles`).
      // (only `multiple: false` makes it refuse files: they are passed on too, for the real judge)
      onDrop: (accepted, refused) => {
        const files = [...accepted, ...refused.map((r) => r.file)];
        const current = latest.current;
        if (current.onFiles !== undefined) {
          current.onFiles(files);
          return;
        }
        const result = validateFiles(
          files,
          { extensions: current.accept, maxSize: current.maxSize, maxFiles: current.maxFiles },
          { alreadyAccepted: current.fileCount },
        );
        setRejections(result.rejected);
        current.onDrop?.(result.accepted, result.rejected);
      },
      multiple,
      onDragEnter: (event) => {
        setDragReject(!dragAccepted(event, acceptMap));
      },
      disabled,
      noClick: true,
      noKeyboard: true,
      // a drop anywhere else on the page must not navigate away from the form
      preventDropOnDocument: true,
    });

    useImperativeHandle(ref, () => ({ open, focus: () => buttonRef.current?.focus() }), [open]);

    const state: DropzoneState = disabled
      ? 'disabled'
      : isDragActive
        ? dragReject
          ? 'drag-reject'
          : 'drag-accept'
        : 'idle';
    const renderState: DropzoneRenderState = { state, isFocused, open };
    const maxSizeText = maxSize === undefined ? undefined : formatFileSize(maxSize, locale);
    const describedBy = cx(
      hintId,
      showRejections && rejections.length > 0 && rejectionsId,
      props['aria-describedby'],
    );

    const problems = rejections.map((r) => ({
      name: r.file.name,
      reason: r.errors.map(labels.rejectionReason).join(' '),
    }));
    const touch = useTouchScreen();
    return (
      <div className={cx('lrd-dropzone', className)} data-state={state} data-focused={isFocused || undefined}>
        <div
          {...getRootProps({
            className: 'lrd-dropzone__area',
            role: 'group',
            // Touch screens do not drag: the zone is named for what it does there (the visible prompt is hidden).
            'aria-label': props['aria-label'] ?? (touch ? labels.dropzoneTouchPrompt : labels.dropzonePrompt),
            'aria-disabled': disabled || undefined,
          })}
        >
          <input
            // react-dropzone names its hidden input "file upload", in English: named from the catalogue instead
            {...getInputProps({
              accept: inputAccept,
              'aria-label': labels.browseButton,
            })}
            capture={props.capture || undefined}
            data-lrd-input=""
          />
          {typeof children === 'function' ? (
            children(renderState)
          ) : children !== undefined ? (
            children
          ) : (
            <div className="lrd-dropzone__content">
              <svg className="lrd-dropzone__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
              </svg>
              <p className="lrd-dropzone__prompt">
                {state === 'drag-accept' || state === 'drag-reject'
                  ? labels.dropzoneActivePrompt
                  : labels.dropzonePrompt}
              </p>
            </div>
          )}
          <button
            ref={buttonRef}
            id={id}
            type="button"
            className="lrd-button lrd-dropzone__button"
            onClick={open}
            disabled={disabled}
            aria-describedby={describedBy}
          >
            {labels.browseButton}
          </button>
          <p id={hintId} className="lrd-dropzone__hint">
            {labels.dropzoneHint({ extensions, maxSize: maxSizeText })}
          </p>
        </div>
        {showRejections && rejections.length > 0 ? (
          <div>
            {/* The live region says one short sentence (one file named, several counted); the list has the rest. */}
            <p id={rejectionsId} className="lrd-visually-hidden" role="alert">
              {announceProblems(problems, labels)}
            </p>
            <ul className="lrd-dropzone__rejections">
              {problems.map((problem, index) => (
                <li key={`${problem.name}-${index}`} className="lrd-dropzone__rejection">
                  {labels.announceRejected(problem)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    );
  },
);

const TOUCH_QUERY = '(hover: none) and (pointer: coarse)';

/** Whether the device is a touch screen (the stylesheet's own test); `false` on the server and without matchMedia. */
function useTouchScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = typeof matchMedia === 'function' ? matchMedia(TOUCH_QUERY) : undefined;
      query?.addEventListener('change', onChange);
      return () => query?.removeEventListener('change', onChange);
    },
    () => typeof matchMedia === 'function' && matchMedia(TOUCH_QUERY).matches,
    () => false,
  );
}
