import { ResolveCommentButton } from '@/components/summary/review-panels';
import type { ReviewComment } from '@/lib/registration/comments';
import { reviewFieldLabel } from '@/lib/registration/review-fields';
import { counted } from '@/lib/text';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * At the top of a step's form: what reviewers asked to change on this step, until someone who
 * can edit marks it resolved (`canResolve`).
 */
export function ReviewNotice({ registrationId, comments, canResolve }: { registrationId: string; comments: ReviewComment[]; canResolve: boolean }) {
  if (comments.length === 0) return null;
  return (
    <div role="note" aria-labelledby="review-notice-title" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <p id="review-notice-title" className="font-semibold">
        A reviewer asked for changes here ({counted(comments.length, 'request')} not resolved)
      </p>
      <ul className="space-y-2">
        {comments.map((comment) => {
          const field = reviewFieldLabel(comment.step, comment.field);
          return (
            <li key={comment.id} className="flex flex-wrap items-start justify-between gap-2 border-t border-amber-200 pt-2 first:border-t-0 first:pt-0 dark:border-amber-800">
              <div className="min-w-0 flex-1">
                {field ? <p className="font-medium">About: {field}</p> : null}
                <p className="break-words whitespace-pre-line">{comment.body}</p>
                <p className="text-xs">
                  {comment.author}, {dateTime.format(comment.createdAt)} UTC
                </p>
              </div>
              {canResolve ? <ResolveCommentButton registrationId={registrationId} commentId={comment.id} label={`Mark resolved: ${comment.body.slice(0, 40)}`} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
