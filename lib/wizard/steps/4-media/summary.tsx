import type { RegistrationView } from '@/lib/registration/summary';
import { Facts } from '@/components/summary/facts';

/** Step 4 in the summary: the images, in display order. */
export function MediaSummary({ view }: { view: RegistrationView }) {
  return (
    <Facts
      rows={[
        [
          'Images, in display order',
          view.media.length ? (
            <ol className="list-decimal space-y-0.5 pl-5">
              {view.media.map((item) => (
                <li key={item.id} className="break-words">
                  {item.fileName}
                  {item.width ? ` (${item.width}×${item.height})` : ''}
                </li>
              ))}
            </ol>
          ) : (
            ''
          ),
        ],
      ]}
    />
  );
}
