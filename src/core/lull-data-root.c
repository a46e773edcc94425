/* lull-data-root.c
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "lull-data-root.h"

/* The one folder that holds everything Lull keeps. In portable mode (a
 * folder given on the command line) nothing is written anywhere else, which
 * is what shared and hospital computers need. */

#define FOLDER_MODE 0700

/* Below this much free space a session or two, a recording or a photo
 * may no longer fit: the parent is told while saving still works. */
#define LOW_SPACE_BYTES (8 * 1024 * 1024)

struct _LullDataRoot
{
  GObject   parent_instance;

  char     *path;
  gboolean  portable;
  int       lock_fd;
  gboolean  is_new;
};

G_DEFINE_FINAL_TYPE (LullDataRoot, lull_data_root, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_PORTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (lull-data-root-error-quark, lull_data_root_error)

static void
lull_data_root_finalize (GObject *object)
{
  LullDataRoot *self = (LullDataRoot *)object;

  g_clear_pointer (&self->path, g_free);
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  G_OBJECT_CLASS (lull_data_root_parent_class)->finalize (object);
}

static void
lull_data_root_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LullDataRoot *self = LULL_DATA_ROOT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_PORTABLE:
      g_value_set_boolean (value, self->portable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_data_root_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LullDataRoot *self = LULL_DATA_ROOT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_PORTABLE:
      self->portable = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lull_data_root_class_init (LullDataRootClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lull_data_root_finalize;
  object_class->get_property = lull_data_root_get_property;
  object_class->set_property = lull_data_root_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PORTABLE] =
    g_param_spec_boolean ("portable", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lull_data_root_init (LullDataRoot *self)
{
  self->lock_fd = -1;
}

/**
 * lull_data_root_new:
 * @path: the folder given by the parent, relative or absolute
 *
 * A data root in portable mode: every file, preferences included, lives
 * below @path.
 */
LullDataRoot *
lull_data_root_new (const char *path)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);

  return g_object_new (LULL_TYPE_DATA_ROOT,
                       "path", absolute,
                       "portable", TRUE,
                       NULL);
}

/**
 * lull_data_root_new_default:
 *
 * The data root of an ordinary installation, `$XDG_DATA_HOME/lull`.
 */
LullDataRoot *
lull_data_root_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "lull", NULL);

  return g_object_new (LULL_TYPE_DATA_ROOT,
                       "path", path,
                       "portable", FALSE,
                       NULL);
}

const char *
lull_data_root_get_path (LullDataRoot *self)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), NULL);

  return self->path;
}

gboolean
lull_data_root_get_portable (LullDataRoot *self)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), FALSE);

  return self->portable;
}

char *
lull_data_root_build_filename (LullDataRoot *self,
                               const char   *first_element,
                               ...)
{
  g_autoptr(GPtrArray) parts = NULL;
  const char *element;
  va_list args;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), NULL);
  g_return_val_if_fail (first_element != NULL, NULL);

  parts = g_ptr_array_new ();
  g_ptr_array_add (parts, self->path);

  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)element);
  va_end (args);

  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

/* What a parent can do about a disk that refuses a write: the reason is
 * said in plain words for a read-only or a full disk, which is what a
 * locked-down computer or a USB stick usually gives. */
static void
set_write_error (GError     **error,
                 int          code,
                 const char  *folder,
                 int          saved_errno)
{
  if (saved_errno == EROFS)
    g_set_error (error, LULL_DATA_ROOT_ERROR, code,
                 _("The folder “%s” is on a disk that cannot be written to (it is "
                   "read-only). Lull needs to save your sessions there. Copy the folder "
                   "to a place you can write to, or choose another folder with --data-dir."),
                 folder);
  else if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, LULL_DATA_ROOT_ERROR, code,
                 _("The disk that holds the folder “%s” is full, so Lull cannot save your "
                   "sessions there. Make some room on it, or choose another folder with "
                   "--data-dir."),
                 folder);
  else if (code == LULL_DATA_ROOT_ERROR_CANNOT_CREATE)
    g_set_error (error, LULL_DATA_ROOT_ERROR, code,
                 _("Lull cannot create the folder “%s” (%s). Choose another place for its data."),
                 folder, g_strerror (saved_errno));
  else
    g_set_error (error, LULL_DATA_ROOT_ERROR, code,
                 _("Lull cannot save files in “%s” (%s). Choose a folder you can write to."),
                 folder, g_strerror (saved_errno));
}

/* A little content, not an empty file: a full disk still lets an empty
 * file be created, and refuses only the first byte. */
#define PROBE_BYTES 512

static gboolean
probe_writable (const char  *folder,
                GError     **error)
{
  g_autofree char *probe = g_build_filename (folder, ".lull-probe-XXXXXX", NULL);
  char bytes[PROBE_BYTES] = { 0 };
  gssize written;
  int saved_errno;
  int fd;

  /* access(2) says yes to root on a read-only mount's neighbours and lies
   * on some network file systems; creating a file is the honest test. */
  fd = g_mkstemp_full (probe, O_RDWR, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      set_write_error (error, LULL_DATA_ROOT_ERROR_NOT_WRITABLE, folder, saved_errno);
      return FALSE;
    }

  do
    written = write (fd, bytes, sizeof bytes);
  while (written < 0 && errno == EINTR);
  saved_errno = written < 0 ? errno : written < (gssize)sizeof bytes ? ENOSPC : 0;
  close (fd);
  g_unlink (probe);

  if (saved_errno != 0)
    {
      set_write_error (error, LULL_DATA_ROOT_ERROR_NOT_WRITABLE, folder, saved_errno);
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_folder (const char  *folder,
             GError     **error)
{
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_NOT_A_FOLDER,
                   _("“%s” is a file, not a folder. Choose a folder for Lull’s data."),
                   folder);
      return FALSE;
    }

  if (g_mkdir_with_parents (folder, FOLDER_MODE) != 0)
    {
      set_write_error (error, LULL_DATA_ROOT_ERROR_CANNOT_CREATE, folder, errno);
      return FALSE;
    }

  return TRUE;
}

/* A data root copied from elsewhere, or made by hand, may be readable by
 * others: the root and Lull's own folders in it become 0700 again. Links
 * are not followed, and nothing else is touched. */
static void
tighten_folders (const char *root)
{
  static const char * const folders[] = {
    "", "history", "routines", "audio", "photos", "recordings", "cache", "quarantine",
  };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (root, folders[i], NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0 || !S_ISDIR (st.st_mode) || (st.st_mode & 0077) == 0)
        continue;
      if (g_chmod (path, FOLDER_MODE) != 0)
        g_debug ("Could not make %s private: %s", path, g_strerror (errno));
    }
}

static gboolean
folder_is_missing_or_empty (const char *folder)
{
  g_autoptr(GDir) dir = NULL;

  if (!g_file_test (folder, G_FILE_TEST_EXISTS))
    return TRUE;

  dir = g_dir_open (folder, 0, NULL);
  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/**
 * lull_data_root_prepare:
 *
 * Creates the data root (0700) if needed, makes Lull's folders in it
 * private again if they are not, and checks that files can be written in
 * it. The error message is a sentence meant for the parent; a read-only
 * or a full disk is named as such.
 */
gboolean
lull_data_root_prepare (LullDataRoot  *self,
                        GError       **error)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->is_new = folder_is_missing_or_empty (self->path);
  if (!make_folder (self->path, error))
    return FALSE;

  tighten_folders (self->path);

  return probe_writable (self->path, error);
}

/**
 * lull_data_root_lock:
 *
 * Claims the data root for this process until it ends. Two copies of Lull
 * on one folder (a portable folder opened twice on a shared computer)
 * would each write the history from what they read at start, and the
 * second save would lose the first one's session.
 */
gboolean
lull_data_root_lock (LullDataRoot  *self,
                     GError       **error)
{
  g_autofree char *lock = NULL;
  int fd;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), FALSE);

  if (self->lock_fd >= 0)
    return TRUE;

  lock = g_build_filename (self->path, ".lock", NULL);
  fd = g_open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, LULL_DATA_ROOT_ERROR_NOT_WRITABLE, self->path, errno);
      return FALSE;
    }

  /* The lock goes with the process, so a crash never leaves it behind. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_IN_USE,
                   _("Lull is already open with the folder “%s”. Switch to that window, "
                     "or close it first."),
                   self->path);
      return FALSE;
    }

  self->lock_fd = fd;

  return TRUE;
}

/**
 * lull_data_root_unlock:
 *
 * Gives the folder up before this process ends, for Forget This Computer,
 * which deletes it.
 */
void
lull_data_root_unlock (LullDataRoot *self)
{
  g_return_if_fail (LULL_IS_DATA_ROOT (self));

  if (self->lock_fd < 0)
    return;

  flock (self->lock_fd, LOCK_UN);
  close (self->lock_fd);
  self->lock_fd = -1;
}

/**
 * lull_data_root_get_is_new:
 *
 * Returns: %TRUE when lull_data_root_prepare() created the folder or found
 *   it empty: a folder no Lull has used yet
 */
gboolean
lull_data_root_get_is_new (LullDataRoot *self)
{
  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), FALSE);

  return self->is_new;
}

/**
 * lull_data_root_check_space:
 *
 * Returns: (transfer full) (nullable): a sentence for the parent when the
 *   disk that holds the data root is nearly full, else %NULL
 */
char *
lull_data_root_check_space (LullDataRoot *self)
{
  g_autofree char *free_text = NULL;
  struct statvfs st;
  guint64 free_bytes;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), NULL);

  if (statvfs (self->path, &st) != 0)
    return NULL;

  free_bytes = (guint64)st.f_bavail * (guint64)st.f_frsize;
  if (free_bytes >= LOW_SPACE_BYTES)
    return NULL;

  free_text = g_format_size (free_bytes);
  /* Translators: %s is a folder, then an amount such as “2.1 MB” */
  return g_strdup_printf (_("The disk that holds the folder “%s” is nearly full: only %s "
                            "free. Lull may soon be unable to save your sessions there. Make "
                            "some room on it, or copy the folder to a place with more space."),
                          self->path, free_text);
}

/**
 * lull_data_root_ensure_folder:
 * @name: a folder below the data root, such as "quarantine"
 */
gboolean
lull_data_root_ensure_folder (LullDataRoot  *self,
                              const char    *name,
                              GError       **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  folder = g_build_filename (self->path, name, NULL);

  return make_folder (folder, error);
}

/**
 * lull_data_root_quarantine:
 * @filename: a damaged file below the data root
 * @when: the time to stamp the quarantined copy with
 *
 * Moves a damaged file aside into `quarantine/`, never deleting it, so that
 * the parent (or a helper) can still look at it later.
 *
 * Returns: (transfer full): the file's new path
 */
char *
lull_data_root_quarantine (LullDataRoot  *self,
                           const char    *filename,
                           GDateTime     *when,
                           GError       **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GDateTime) utc = NULL;
  const char *extension;

  g_return_val_if_fail (LULL_IS_DATA_ROOT (self), NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);

  if (!lull_data_root_ensure_folder (self, "quarantine", error))
    return NULL;

  folder = g_build_filename (self->path, "quarantine", NULL);
  basename = g_path_get_basename (filename);
  extension = strrchr (basename, '.');
  stem = extension != NULL && extension != basename
         ? g_strndup (basename, extension - basename)
         : g_strdup (basename);
  if (extension == NULL || extension == basename)
    extension = "";
  utc = g_date_time_to_utc (when);
  stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");

  for (guint attempt = 1; attempt < 1000; attempt++)
    {
      g_autofree char *name = NULL;
      g_autofree char *target = NULL;

      if (attempt == 1)
        name = g_strdup_printf ("%s-%s%s", stem, stamp, extension);
      else
        name = g_strdup_printf ("%s-%s-%u%s", stem, stamp, attempt, extension);

      target = g_build_filename (folder, name, NULL);
      if (g_file_test (target, G_FILE_TEST_EXISTS))
        continue;

      if (g_rename (filename, target) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_QUARANTINE,
                       _("Lull could not move the damaged file “%s” aside (%s)."),
                       filename, g_strerror (saved_errno));
          return NULL;
        }

      return g_steal_pointer (&target);
    }

  g_set_error (error, LULL_DATA_ROOT_ERROR, LULL_DATA_ROOT_ERROR_QUARANTINE,
               _("Lull could not move the damaged file “%s” aside: the quarantine folder is full."),
               filename);
  return NULL;
}
